// Package password is the room where attt decides which passwords it accepts
// and how it stores them. The Policy sets the rule of Điều 7 khoản 1 and 5 of
// QĐ 05/2016 as a floor no setting can go below; a Checker, built once at
// start with the embedded word lists, tells a person every rule their
// password fails, in Vietnamese and English; Hash and Verify keep passwords
// as Argon2id PHC strings whose parameters can be raised over time.
package password
