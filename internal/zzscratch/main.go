package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"time"

	_ "github.com/go-sql-driver/mysql"
)

func main() {
	ctx := context.Background()
	db, err := sql.Open("mysql", "root@tcp(127.0.0.1:4410)/test")
	if err != nil {
		panic(err)
	}
	conn, _ := db.Conn(ctx)
	var id int64
	conn.QueryRowContext(ctx, "SELECT CONNECTION_ID()").Scan(&id)
	now := time.Now().UTC().Format("2006-01-02 15:04:05.999999")
	for _, q := range os.Args[1:] {
		st, err := conn.PrepareContext(ctx, q)
		if err != nil {
			fmt.Println("PREPARE", q, err)
			continue
		}
		for i := 0; i < 2; i++ {
			var args []any
			n := 0
			for _, c := range q {
				if c == '?' {
					n++
				}
			}
			args = append(args, "tok-0123456789")
			for j := 1; j < n; j++ {
				args = append(args, now)
			}
			rows, err := st.QueryContext(ctx, args...)
			if err != nil {
				fmt.Println("EXEC", err)
				break
			}
			rows.Close()
		}
		rows, err := db.QueryContext(ctx, fmt.Sprintf("EXPLAIN FOR CONNECTION %d", id))
		if err != nil {
			fmt.Println("EXPLAIN", err)
			continue
		}
		fmt.Println("==", q)
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]sql.NullString, len(cols))
			ptrs := make([]any, len(vals))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			rows.Scan(ptrs...)
			fmt.Printf("  %-40s %-30s %s\n", vals[0].String, vals[3].String, vals[4].String)
		}
		rows.Close()
		var fromCache string
		conn.QueryRowContext(ctx, "SELECT @@last_plan_from_cache").Scan(&fromCache)
		fmt.Println("  from cache:", fromCache)
		st.Close()
	}
}
