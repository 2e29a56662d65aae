"""Tables of the sources app."""
