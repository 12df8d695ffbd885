"""Provider profile: load and validate the provider's hosts, channels and limits."""

from postdesk.profile.load import ProfileError, load_profile
from postdesk.profile.schema import Channel, Profile

__all__ = ["Channel", "Profile", "ProfileError", "load_profile"]
