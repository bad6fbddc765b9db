from enum import StrEnum


class InputTypeValue(StrEnum):
    PLACE = "place"
    QUERY = "query"

    def __str__(self) -> str:
        return str(self.value)
