module ainfinity/bench/sse

go 1.22
