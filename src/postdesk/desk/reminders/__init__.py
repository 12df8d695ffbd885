"""Desk domain: reminders on cases (follow-ups the document demands, call-backs, escalations)."""
