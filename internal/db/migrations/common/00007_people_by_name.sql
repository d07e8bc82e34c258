-- +goose Up
-- People lists are ordered by name and paged: walking this index lets a
-- page stop after its rows instead of sorting everyone in scope.
CREATE INDEX people_name ON people(full_name, login);

-- +goose Down
DROP INDEX people_name;
