package ml

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	pb "github.com/sparkgo/sparkgo/connect/proto"
	"github.com/sparkgo/sparkgo/frame"
)

// object is an object in the server's ML cache (a model or a summary) and
// its attributes fetched so far. Model and Summary embed it.
type object struct {
	s        *frame.Session
	id       string
	label    string           // names the object in messages
	training *frame.DataFrame // a model's training data, to rebuild a lost summary

	mu     sync.Mutex
	cache  map[string]any
	closed bool
}

func newObject(s *frame.Session, id, label string) object {
	return object{s: s, id: id, label: label, cache: map[string]any{}}
}

// ID returns the id of the object in the server's ML cache.
func (m *object) ID() string { return m.id }

// Session returns the session the object lives in.
func (m *object) Session() *frame.Session { return m.s }

// markClosed marks the object closed and reports whether it was open.
func (m *object) markClosed() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	was := !m.closed
	m.closed = true
	return was
}

// deleteRefs frees server objects, ignoring objects already gone.
func deleteRefs(ctx context.Context, s *frame.Session, label string, ids ...string) error {
	if len(ids) == 0 {
		return nil
	}
	refs := make([]*pb.ObjectRef, len(ids))
	for i, id := range ids {
		refs[i] = &pb.ObjectRef{Id: id}
	}
	_, err := run(ctx, s, &pb.MlCommand{Command: &pb.MlCommand_Delete_{Delete: &pb.MlCommand_Delete{ObjRefs: refs}}})
	if err != nil && !errors.Is(err, errCacheInvalid) {
		return fmt.Errorf("ml: freeing %s: %w", label, err)
	}
	return nil
}

// methods turns "summary.r2" into a Fetch method chain; args go to the
// last method.
func methods(path string, args []any) ([]*pb.Fetch_Method, error) {
	if strings.TrimSpace(path) == "" {
		return nil, errors.New("ml: no attribute named")
	}
	names := strings.Split(path, ".")
	out := make([]*pb.Fetch_Method, len(names))
	for i, n := range names {
		if n == "" {
			return nil, fmt.Errorf("ml: bad attribute path %q", path)
		}
		out[i] = &pb.Fetch_Method{Method: n}
	}
	last := out[len(out)-1]
	for i, a := range args {
		if df, ok := a.(*frame.DataFrame); ok {
			if err := checkFrame(df); err != nil {
				return nil, fmt.Errorf("ml: argument %d of %s: %w", i+1, path, err)
			}
			last.Args = append(last.Args, &pb.Fetch_Method_Args{ArgsType: &pb.Fetch_Method_Args_Input{Input: df.Relation()}})
			continue
		}
		l, err := toLiteral(a)
		if err != nil {
			return nil, fmt.Errorf("ml: argument %d of %s: %w", i+1, path, err)
		}
		last.Args = append(last.Args, &pb.Fetch_Method_Args{ArgsType: &pb.Fetch_Method_Args_Param{Param: l}})
	}
	return out, nil
}

func (m *object) isClosed() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.closed
}

// Fetch returns an attribute by its Spark method path, such as
// "coefficients", "intercept" or "summary.r2" (a chain of methods called
// one after the other). args, if any, are passed to the last method
// (numbers, strings, bools, Vectors, or *frame.DataFrame inputs).
//
// Values come back as float64, int, int64, bool, string, Vector, Matrix,
// or slices of those. An attribute that is itself a server object (a
// summary, a sub-model) comes back as the server's object id (a string).
// Results of calls without arguments are cached (do not modify returned
// slices: use Floats and Strings for copies). Attributes outside the
// server's allowlist give a *NotAllowedError; DataFrame-valued attributes
// (summary.predictions…) are read with FetchFrame.
func (m *object) Fetch(ctx context.Context, path string, args ...any) (any, error) {
	key := path
	m.mu.Lock()
	v, cached := m.cache[key]
	closed := m.closed
	m.mu.Unlock()
	if closed {
		return nil, ErrClosed
	}
	if cached && len(args) == 0 {
		return v, nil
	}
	ms, err := methods(path, args)
	if err != nil {
		return nil, err
	}
	cmd := &pb.MlCommand{Command: &pb.MlCommand_Fetch{Fetch: &pb.Fetch{ObjRef: &pb.ObjectRef{Id: m.id}, Methods: ms}}}
	res, err := run(ctx, m.s, cmd)
	if err != nil && errors.Is(err, errSummaryLost) && m.training != nil {
		// Spark 4.1 drops the summaries of models it offloads to disk:
		// rebuild it from the training data and ask again, once.
		if _, cerr := run(ctx, m.s, &pb.MlCommand{Command: &pb.MlCommand_CreateSummary_{CreateSummary: &pb.MlCommand_CreateSummary{
			ModelRef: &pb.ObjectRef{Id: m.id}, Dataset: m.training.Relation()}}}); cerr == nil {
			res, err = run(ctx, m.s, cmd)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("ml: fetching %s of %s: %w", path, m.label, classify(err, m.label+"."+path))
	}
	switch r := res.GetResultType().(type) {
	case *pb.MlCommandResult_Param:
		v, err = fromLiteral(r.Param)
		if err != nil {
			return nil, fmt.Errorf("ml: fetching %s of %s: %w", path, m.label, err)
		}
	case *pb.MlCommandResult_Summary:
		v = r.Summary
	case *pb.MlCommandResult_OperatorInfo:
		if ref := r.OperatorInfo.GetObjRef(); ref != nil {
			v = ref.GetId()
		} else {
			v = r.OperatorInfo.GetName()
		}
	default:
		return nil, fmt.Errorf("ml: fetching %s of %s: the server sent no value", path, m.label)
	}
	if len(args) == 0 {
		m.mu.Lock()
		m.cache[key] = v
		m.mu.Unlock()
	}
	return v, nil
}

// Float fetches a numeric attribute (see Fetch), such as "intercept" or
// "summary.r2".
func (m *object) Float(ctx context.Context, path string) (float64, error) {
	v, err := m.Fetch(ctx, path)
	if err != nil {
		return 0, err
	}
	f, ok := asFloat(v)
	if !ok {
		return 0, fmt.Errorf("ml: %s of %s is a %T, not a number", path, m.label, v)
	}
	return f, nil
}

// Floats fetches a vector or numeric array attribute (see Fetch), such as
// "coefficients" or "summary.pValues", as a dense slice.
func (m *object) Floats(ctx context.Context, path string) ([]float64, error) {
	v, err := m.Fetch(ctx, path)
	if err != nil {
		return nil, err
	}
	f, ok := asFloats(v)
	if !ok {
		return nil, fmt.Errorf("ml: %s of %s is a %T, not numbers", path, m.label, v)
	}
	return append([]float64(nil), f...), nil
}

// Strings fetches a string array attribute (see Fetch), such as "labels"
// of a StringIndexerModel.
func (m *object) Strings(ctx context.Context, path string) ([]string, error) {
	v, err := m.Fetch(ctx, path)
	if err != nil {
		return nil, err
	}
	switch x := v.(type) {
	case []string:
		return append([]string(nil), x...), nil
	case []any:
		if len(x) == 0 {
			return []string{}, nil
		}
	}
	return nil, fmt.Errorf("ml: %s of %s is a %T, not strings", path, m.label, v)
}

// Int fetches an integer attribute (see Fetch), such as "numFeatures" or
// "summary.numInstances".
func (m *object) Int(ctx context.Context, path string) (int64, error) {
	v, err := m.Fetch(ctx, path)
	if err != nil {
		return 0, err
	}
	switch x := v.(type) {
	case int:
		return int64(x), nil
	case int64:
		return x, nil
	}
	return 0, fmt.Errorf("ml: %s of %s is a %T, not an integer", path, m.label, v)
}

// Matrix fetches a matrix attribute (see Fetch), such as
// "clusterCenterMatrix" or "coefficientMatrix".
func (m *object) Matrix(ctx context.Context, path string) (Matrix, error) {
	v, err := m.Fetch(ctx, path)
	if err != nil {
		return Matrix{}, err
	}
	x, ok := v.(Matrix)
	if !ok {
		return Matrix{}, fmt.Errorf("ml: %s of %s is a %T, not a matrix", path, m.label, v)
	}
	return x, nil
}

// FetchFrame returns a DataFrame-valued attribute by its method path, such
// as "summary.predictions", "summary.residuals" or "summary.roc"; args go
// to the last method as in Fetch. It is lazy: errors come with the first
// action.
func (m *object) FetchFrame(path string, args ...any) *frame.DataFrame {
	if m.isClosed() {
		return failedFrame(m.s, ErrClosed)
	}
	ms, err := methods(path, args)
	if err != nil {
		return failedFrame(m.s, err)
	}
	rel := &pb.MlRelation{MlType: &pb.MlRelation_Fetch{Fetch: &pb.Fetch{ObjRef: &pb.ObjectRef{Id: m.id}, Methods: ms}}}
	if m.training != nil && strings.HasPrefix(path, "summary.") {
		// Lets a Spark 4.1 server rebuild a lost summary while planning.
		rel.ModelSummaryDataset = m.training.Relation()
	}
	return m.s.FromRelation(&pb.Relation{RelType: &pb.Relation_MlRelation{MlRelation: rel}}, "")
}
