"""``python -m postdesk`` runs the same CLI as the ``postdesk`` command."""

from postdesk.cli.main import main

main()
