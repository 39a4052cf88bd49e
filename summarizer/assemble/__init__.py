"""Grounded section items -> one Brief: merge and highlights."""
