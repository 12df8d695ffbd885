"""Desk domain: incidents."""
