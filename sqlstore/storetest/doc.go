// Package storetest is a conformance suite for session stores of
// github.com/alexedwards/scs/v2.
//
// Any [scs.Store], from this module or not, runs it from its own test file.
// The suite needs nothing but the standard library and scs: the store's test
// tells it how to make a store on a fresh table, and declares what the store
// cannot do (be handed a clock, use a given table, clean up on demand), and
// the suite adapts instead of failing or skipping quietly.
//
// A store's test runs it like this:
//
//	func TestConformance(t *testing.T) {
//		db := openTestDB(t)
//		storetest.Run(t, storetest.Harness{
//			New: func(t testing.TB, cfg storetest.Config) scs.Store {
//				store := mystore.NewWithConfig(db, mystore.Config{
//					TableName: cfg.TableName,
//					Now:       cfg.Now,
//				})
//				if err := store.CreateTable(context.Background()); err != nil {
//					t.Fatalf("create table: %v", err)
//				}
//				t.Cleanup(func() {
//					store.StopCleanup()
//					if _, err := db.Exec("DROP TABLE " + cfg.TableName); err != nil {
//						t.Errorf("drop table: %v", err)
//					}
//				})
//				return store
//			},
//			Schema: "scsql_test",
//		})
//	}
//
// Stores that find and delete sessions by principal (the user a session
// belongs to) declare Harness.Principal and implement PrincipalStore; the
// Principal group then checks them, also through scs.SessionManager over
// HTTP, with and without SessionManager.HashTokenInStore.
//
// Failure messages say what went wrong but never print a session token.
package storetest
