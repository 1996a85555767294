package connect

import (
	"context"
	"slices"
)

// contextDefaults is what WithTags and WithProgress store in a context.
type contextDefaults struct {
	tags       []string
	onProgress []func(Progress)
}

type defaultsKey struct{}

func defaultsFrom(ctx context.Context) contextDefaults {
	d, _ := ctx.Value(defaultsKey{}).(contextDefaults)
	return d
}

// WithTags returns a context whose executions carry tags in addition to
// their ExecuteOptions.Tags, so that a caller that does not build the
// executions itself (a notebook cell running DataFrame code, say) can still
// cancel all of them with InterruptTag. Tags accumulate through nested calls.
func WithTags(ctx context.Context, tags ...string) context.Context {
	d := defaultsFrom(ctx)
	d.tags = append(slices.Clone(d.tags), tags...)
	return context.WithValue(ctx, defaultsKey{}, d)
}

// WithProgress returns a context whose executions also report their
// progress to fn, after ExecuteOptions.OnProgress. Like OnProgress, fn runs
// on the goroutine reading the stream and should return quickly.
func WithProgress(ctx context.Context, fn func(Progress)) context.Context {
	d := defaultsFrom(ctx)
	d.onProgress = append(slices.Clone(d.onProgress), fn)
	return context.WithValue(ctx, defaultsKey{}, d)
}

// withContextDefaults merges the tags and progress handlers stored in ctx
// into opts.
func withContextDefaults(ctx context.Context, opts ExecuteOptions) ExecuteOptions {
	d := defaultsFrom(ctx)
	if len(d.tags) > 0 {
		tags := slices.Clone(opts.Tags)
		for _, t := range d.tags {
			if !slices.Contains(tags, t) {
				tags = append(tags, t)
			}
		}
		opts.Tags = tags
	}
	if len(d.onProgress) > 0 {
		handlers := d.onProgress
		if own := opts.OnProgress; own != nil {
			handlers = append([]func(Progress){own}, handlers...)
		}
		opts.OnProgress = func(p Progress) {
			for _, h := range handlers {
				h(p)
			}
		}
	}
	return opts
}
