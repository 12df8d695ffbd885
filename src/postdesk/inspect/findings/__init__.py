"""One module per kind of finding; :mod:`postdesk.inspect.registry` finds them."""
