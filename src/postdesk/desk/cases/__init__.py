"""Desk domain: cases."""
