"""Desk domain: supervisors' reports."""
