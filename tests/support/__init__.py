"""What the tests share: the fake Discord, a feed server, a PostgreSQL server, paths and search helpers."""
