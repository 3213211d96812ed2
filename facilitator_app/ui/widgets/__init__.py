"""Small widgets and helpers shared by the views and the shell (icons, colours, the timer)."""
