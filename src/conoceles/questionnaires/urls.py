"""/captura/: the capture screens of parties and candidates. Each part keeps its own routes."""

from .urls_curricular import urlpatterns as curricular
from .urls_identity import urlpatterns as identity

app_name = "capture"
urlpatterns = curricular + identity
