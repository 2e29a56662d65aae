"""Tables of the places app."""
