"""Modal screens: help, input, choice, text and the session picker."""
