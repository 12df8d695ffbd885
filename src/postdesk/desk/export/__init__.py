"""Desk domain: lists exported as CSV."""
