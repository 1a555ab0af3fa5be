import CLws
