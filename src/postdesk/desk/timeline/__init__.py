"""Desk domain: a case's timeline, one ordered stream of everything that happened on it."""
