"""One module per screen: the routes of that screen and the view data its template needs."""
