"""The only package that talks to a model: replies, focus, prompting, client, extractor, recall."""
