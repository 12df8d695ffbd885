"""Desk domain: audit."""
