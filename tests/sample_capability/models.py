from django.db import models
from simple_history.models import HistoricalRecords

from accord.core.models import Alliance


class Motion(models.Model):
    """A made-up record the members agree by decision."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="motions")
    title = models.CharField(max_length=200)
    agreed_at = models.DateTimeField(null=True, blank=True)
    agreed_by = models.ForeignKey("decisions.Proposal", on_delete=models.SET_NULL, null=True, blank=True)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return self.title
