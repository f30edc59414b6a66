"""People: users with roles, the team tree, memberships and API tokens."""
