"""Desk domain: users."""
