-- +goose Up
-- Where the agent found a program: dpkg, rpm (a Linux distribution's
-- packages) or registry (Windows). An approval may name the source, so a
-- province can approve a distribution's packages as a whole.
ALTER TABLE asset_software ADD COLUMN source TEXT NOT NULL DEFAULT '';
ALTER TABLE approved_software ADD COLUMN source TEXT NOT NULL DEFAULT '';
