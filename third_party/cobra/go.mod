module github.com/spf13/cobra

go 1.21

require (
	github.com/inconshreveable/mousetrap v1.0.0
	github.com/spf13/pflag v1.0.5
)
