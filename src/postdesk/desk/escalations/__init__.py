"""Desk domain: escalations."""
