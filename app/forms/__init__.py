"""Form fields, validators and their messages, shared by every journey."""
