from enum import StrEnum


class DatasourceCode(StrEnum):
    DTC = "DTC"
    GG = "GG"
    HH = "HH"
    LB = "LB"
    PFF = "PFF"
    PG = "PG"
    PGPRE = "PGPRE"
    PH = "PH"
    PSZ = "PSZ"
    PUSDAW = "PUSDAW"
    TD = "TD"

    def __str__(self) -> str:
        return str(self.value)
