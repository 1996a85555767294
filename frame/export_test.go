package frame

// SetPackMinRows changes the smallest copy sent packed, so that tests can
// send small data both ways; it returns a function that restores the value.
func SetPackMinRows(n int) (restore func()) {
	old := packMinRows
	packMinRows = n
	return func() { packMinRows = old }
}
