// Package staticrender contains the static renderer which converts virtual DOM output to HTML via io.Writer.
package staticrender
