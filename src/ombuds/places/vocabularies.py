"""Vocabularies of the places app, in the terms of IMSMA, IMAS and CEOBS.

Codes are stored; the labels are what IMSMA (Land, Activity, ordnance categories) and the
CEOBS / UNEP practice call them, so exports map onto those systems.
"""

from __future__ import annotations

from django.db import models


class Classification(models.TextChoices):
    INDICATION = "indication", "Indication"
    SHA = "sha", "Suspected hazardous area (SHA)"
    CHA = "cha", "Confirmed hazardous area (CHA)"
    STOCKPILE = "stockpile", "Ammunition storage / stockpile"
    EOD_SPOT = "eod_spot", "EOD spot task"


class HazardStatus(models.TextChoices):
    OPEN = "open", "Open"
    WORKED_ON = "worked_on", "Worked on"
    CLOSED = "closed", "Closed"


class Evidence(models.TextChoices):
    NOT_SPECIFIED = "not_specified", "Not specified"
    DIRECT = "direct", "Direct"
    INDIRECT = "indirect", "Indirect"
    NONE = "none", "None"


class Contamination(models.TextChoices):
    AP_MINE = "ap_mine", "Anti-personnel mines"
    AT_MINE = "at_mine", "Anti-tank mines"
    IMPROVISED = "improvised", "Improvised mines / IED"
    CLUSTER = "cluster", "Cluster munition remnants"
    UXO = "uxo", "Unexploded ordnance"
    AXO = "axo", "Abandoned explosive ordnance"


class Accuracy(models.TextChoices):
    SURVEYED = "surveyed", "Surveyed"
    SKETCHED = "sketched", "Sketched"
    DERIVED = "derived_from_record", "Derived from a record"
    ESTIMATED = "estimated", "Estimated"


class ActivityType(models.TextChoices):
    NTS = "nts", "Non-technical survey"
    TS = "ts", "Technical survey"
    CLEARANCE = "clearance", "Clearance"
    BAC = "bac", "Battle area clearance"
    EOD_SPOT = "eod_spot", "EOD spot task"
    ROAD_ASSESSMENT = "road_assessment", "Road assessment"
    ROAD_CLEARANCE = "road_clearance", "Road clearance"
    ROAD_VERIFICATION = "road_verification", "Road verification"
    POST_CLEARANCE = "post_clearance", "Post clearance"
    STOCKPILE_DESTRUCTION = "stockpile_destruction", "Stockpile destruction"


class OrdnanceCategory(models.TextChoices):
    AP_MINE = "ap_mine", "Anti-personnel mine"
    AT_MINE = "at_mine", "Anti-tank mine"
    IMPROVISED = "improvised", "Improvised mine / IED"
    SUBMUNITION = "submunition", "Submunition"
    UXO = "uxo", "Unexploded ordnance"
    AXO = "axo", "Abandoned explosive ordnance"


class SiteType(models.TextChoices):
    WATER = "water", "River or water body"
    MINING = "mining", "Mining site"
    NUCLEAR = "nuclear", "Nuclear facility"
    INDUSTRIAL = "industrial", "Industrial facility"
    FOREST = "forest", "Forest"
    AGRICULTURAL = "agricultural", "Agricultural land"


class HarmType(models.TextChoices):
    POLLUTION = "pollution", "Pollution release"
    ILLEGAL_EXTRACTION = "illegal_extraction", "Illegal extraction of resources"
    FIRE = "fire", "Fire"
    DEFORESTATION = "deforestation", "Deforestation"
    LAND_DEGRADATION = "land_degradation", "Land degradation"
    NUCLEAR_SAFETY = "nuclear_safety", "Nuclear or radiological safety risk"
    WASTE_DUMPING = "waste_dumping", "Waste dumping"


class HarmStatus(models.TextChoices):
    POTENTIAL = "potential", "Potential"
    REPORTED = "reported", "Reported"
    CONFIRMED = "confirmed", "Confirmed"


class Medium(models.TextChoices):
    SURFACE_WATER = "surface_water", "Surface water"
    GROUNDWATER = "groundwater", "Groundwater"
    SOIL = "soil", "Soil"
    AIR = "air", "Air"
    BIOTA = "biota", "Biota"


# Names IMSMA exports and people write for these codes, besides the codes and labels
# themselves (core/labels.py reads all three, whatever the case, accents and plural); each
# name serves the vocabularies that have its code.
IMSMA_NAMES: dict[str, str] = {
    "AP mine": "ap_mine", "APM": "ap_mine", "Anti-personnel": "ap_mine",
    "AT mine": "at_mine", "ATM": "at_mine", "Anti-tank": "at_mine",
    "Anti-vehicle mine": "at_mine", "AV mine": "at_mine",
    "Improvised explosive device": "improvised", "Improvised mine": "improvised",
    "CMR": "cluster", "Cluster munition": "cluster", "Cluster munitions remnant": "cluster",
    "Cluster submunition": "submunition", "Bomblet": "submunition",
    "Suspected hazardous area": "sha", "Confirmed hazardous area": "cha",
    "Spot task": "eod_spot", "EOD": "eod_spot", "Battle area clearance": "bac",
    "Non technical survey": "nts", "Technical survey": "ts",
    "In progress": "worked_on", "Ongoing": "worked_on", "Completed": "closed",
    "Cancelled": "closed",
}  # fmt: skip

# Ordnance categories counted under each "found" subject of the claims vocabulary.
FOUND_SUBJECTS: dict[str, tuple[str, ...]] = {
    "mines": ("ap_mine", "at_mine", "improvised"),
    "anti_personnel_mines": ("ap_mine",),
    "anti_tank_mines": ("at_mine",),
    "unexploded_ordnance": ("uxo", "axo", "submunition"),
}

# Square metres per unit accepted on import; areas are stored in m2.
AREA_UNITS: dict[str, float] = {"m2": 1.0, "ha": 10_000.0, "km2": 1_000_000.0}
