package main

import (
	"attt/internal/directory"
	"attt/internal/principal"
)

func personInput(login, orgID string, role principal.Role) directory.PersonInput {
	return directory.PersonInput{Login: login, FullName: "Người Đo Tải", OrgID: orgID, Roles: []principal.Role{role}}
}
