# sparkgo — see README.md. `make demo` and `make test` do all set-up.
GO          ?= go
VERSION     ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo devel)
LDFLAGS     := -X main.version=$(VERSION)
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
PLATFORMS   := linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64
WITH_SPARK  := scripts/with-spark.sh

.PHONY: all build deps demo test unit lint cross bench generate clean

all: build

## build: the binaries bin/sparkgo-kernel and bin/sparkgo-lsp
build:
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/sparkgo-kernel ./cmd/kernel
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/sparkgo-lsp ./cmd/lsp

## deps: install a JDK 17, Python's venv, Chromium and Node.js when missing,
## the cached Jupyter virtualenv the kernel tests drive the kernel with, and
## the cached JupyterLab + playwright-core of the browser test, and the
## PySpark Connect client the ml tests exchange pipelines with
deps:
	scripts/ensure-deps.sh
	scripts/ensure-jupyter.sh >/dev/null
	scripts/ensure-lab.sh >/dev/null
	scripts/ensure-pyspark.sh >/dev/null

## demo: start a local Spark and run the quickstart notebook through the
## kernel into out/quickstart.html (and the executed out/quickstart.ipynb)
demo: deps build
	mkdir -p out
	$(WITH_SPARK) bin/sparkgo-kernel run testdata/notebooks/quickstart.ipynb -o out/quickstart.ipynb --html out/quickstart.html
	@echo "demo: open out/quickstart.html"


## test: lint, cross-compile, then every test against a real local Spark
test: deps build lint cross
	$(WITH_SPARK) $(GO) test -race -count=1 ./...

## lint: gofmt, go vet and staticcheck
lint:
	@out="$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))"; \
	  if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

## cross: compile both binaries for every supported platform
cross:
	@for p in $(PLATFORMS); do \
	  echo "cross: $$p"; \
	  GOOS=$${p%/*} GOARCH=$${p#*/} CGO_ENABLED=0 $(GO) build -o /dev/null ./cmd/kernel || exit 1; \
	  GOOS=$${p%/*} GOARCH=$${p#*/} CGO_ENABLED=0 $(GO) build -o /dev/null ./cmd/lsp || exit 1; \
	done

## bench: the benchmarks of docs/benchmarks.md, each side by side with its Python peer
# The benchmarks' server gets a 4g heap: PySpark's side of the CopyTo
# benchmark scans a million-row local relation in one 31 MB task, which runs
# a 2g server out of memory.
bench: export SPARKGO_DRIVER_MEMORY ?= 4g
bench: deps build
	$(WITH_SPARK) bench/run.sh
	$(WITH_SPARK) bench/copyto/run.sh
	bench/display/run.sh
	$(WITH_SPARK) bench/kernel/run.sh

## generate: regenerate connect/proto from Spark's protos (needs protoc),
## and the interpreter's symbol tables and documentation
generate:
	$(GO) generate ./connect/proto
	$(GO) generate ./kernel/symbols

clean:
	rm -rf bin out
