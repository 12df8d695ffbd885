"""Desk domain: secrets."""
