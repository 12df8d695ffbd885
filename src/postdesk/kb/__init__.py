"""The knowledge base: the work instruction's sections as validated playbooks."""

from postdesk.kb.load import Library, PlaybookError, default_library, load_library
from postdesk.kb.schema import Playbook

__all__ = ["Library", "Playbook", "PlaybookError", "default_library", "load_library"]
