import summarizer


def test_all_is_sorted_and_complete() -> None:
    assert summarizer.__all__ == sorted(summarizer.__all__)
    for name in summarizer.__all__:
        assert hasattr(summarizer, name), name
