"""API over the engines: playbooks, the stateless runner, triage when present."""
