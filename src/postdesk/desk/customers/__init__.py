"""Desk domain: customers."""
