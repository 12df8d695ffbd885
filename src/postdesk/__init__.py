"""postdesk: a support desk for the customer-service team of a hosted enterprise mail provider."""

__version__ = "0.1.0"
