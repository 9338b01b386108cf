"""Election pledges (공약 이행 관리): catalogue, sheets, indicators, progress reports."""
