"""Desk domain: attachments."""
