from django.db import models


class Area(models.Model):
    """A place a programme can cover: the UK, a nation, an ITL1 region, a local authority, or a sub-region.

    Sub-regions (for example East Lancashire or a combined authority) are sets of local authorities,
    so a programme's reach is always decidable down to a local authority.
    """

    class Level(models.TextChoices):
        COUNTRY = "country", "Country"
        NATION = "nation", "Nation"
        REGION = "region", "Region (ITL1)"
        SUBREGION = "subregion", "Sub-region"
        LOCAL_AUTHORITY = "local_authority", "Local authority"

    code = models.CharField(max_length=32, unique=True, help_text="GSS or ITL code, or our own slug for a sub-region.")
    name = models.CharField(max_length=120)
    level = models.CharField(max_length=20, choices=Level.choices)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")
    local_authorities = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="subregions",
        limit_choices_to={"level": Level.LOCAL_AUTHORITY},
        help_text="For a sub-region: the local authorities it is made of.",
    )

    class Meta:
        ordering = ["level", "name"]
        indexes = [models.Index(fields=["level", "name"])]

    def __str__(self) -> str:
        return self.name


class PostcodeSectorShare(models.Model):
    """How many of a postcode sector's postcodes lie in one local authority (ONS Postcode Directory)."""

    sector = models.CharField(max_length=6, db_index=True, help_text="Outward code, a space and the sector digit.")
    district = models.CharField(max_length=4, db_index=True)
    area = models.CharField(max_length=2, db_index=True)
    local_authority = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="postcode_sectors")
    postcodes = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sector", "local_authority"], name="one_share_per_sector_and_authority")
        ]

    def __str__(self) -> str:
        return f"{self.sector}: {self.postcodes} in {self.local_authority_id}"


class ExactPostcode(models.Model):
    """The local authority of one postcode in a sector split between authorities (ONS Postcode Directory).

    Only postcodes of split sectors are kept: elsewhere the sector already names the one authority. The postcode is
    held compact, without its space ("BB12AB")."""

    postcode = models.CharField(max_length=7, primary_key=True)
    local_authority_code = models.CharField(max_length=9)

    def __str__(self) -> str:
        return f"{self.postcode}: {self.local_authority_code}"
