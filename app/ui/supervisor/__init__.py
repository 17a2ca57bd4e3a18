"""The supervisor workspace: review synced batches against the central server.

``launcher.launch_supervisor(store, lang=...)`` shows the login and then the window;
``window.SupervisorWindow`` is the workspace; ``worker.ReviewService`` runs every HTTP
call on its own thread; ``models`` are the paged table models.
"""
