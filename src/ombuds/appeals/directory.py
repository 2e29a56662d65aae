"""The addressees named in the Ombudsman's published appeals (the seed documents of 2021 and
2023), loaded by ``ombuds appeal seed-addressees`` and by the demo.

Only names and categories: these are real bodies, and no contact address is invented for
them. Their emails and postal addresses are left blank for the office to fill in from its own
correspondence.
"""

from __future__ import annotations

from ombuds.appeals.models import AddresseeCategory as C

SEED_ADDRESSEES: list[tuple[str, str]] = [
    ("UN Secretary-General", C.UN_BODY),
    ("UN Security Council", C.UN_BODY),
    ("Office of the UN High Commissioner for Human Rights (OHCHR)", C.UN_BODY),
    ("Office of the UN High Commissioner for Refugees (UNHCR)", C.UN_BODY),
    ("UN Human Rights Council", C.UN_BODY),
    ("United Nations Children's Fund (UNICEF)", C.UN_BODY),
    ("United Nations Educational, Scientific and Cultural Organization (UNESCO)", C.UN_BODY),
    ("European Union", C.REGIONAL),
    ("Council of Europe", C.REGIONAL),
    ("Organization for Security and Co-operation in Europe (OSCE)", C.REGIONAL),
    ("Organization of Islamic Cooperation (OIC)", C.REGIONAL),
    ("Independent Permanent Human Rights Commission of the OIC", C.REGIONAL),
    ("International Ombudsman Institute", C.OMBUDSMAN),
    ("European Ombudsman Institute", C.OMBUDSMAN),
    ("Asian Ombudsman Association", C.OMBUDSMAN),
    ("OIC Ombudsman Association", C.OMBUDSMAN),
    ("European Network of Ombudspersons for Children", C.OMBUDSMAN),
    ("Foreign ombudsmen and national human rights institutions", C.OMBUDSMAN),
    ("International Peace Bureau", C.NGO),
    ("Federation for World Peace", C.NGO),
    ("Human Rights Watch", C.NGO),
    ("Amnesty International", C.NGO),
    ("Embassies of the Republic of Azerbaijan abroad", C.EMBASSY),
    ("Foreign embassies in Azerbaijan", C.EMBASSY),
    ("Azerbaijani diaspora organisations", C.DIASPORA),
]
