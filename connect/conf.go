package connect

import (
	"context"
	"fmt"
	"sort"

	pb "github.com/sparkgo/sparkgo/connect/proto"
)

// config sends one Config request, filling its envelope.
func (s *Session) config(ctx context.Context, op *pb.ConfigRequest_Operation) (*pb.ConfigResponse, error) {
	var resp *pb.ConfigResponse
	err := s.unary(ctx, func(ctx context.Context) error {
		sid, uc, ct, obs := s.Header()
		r, err := s.client.Config(ctx, &pb.ConfigRequest{
			SessionId: sid, UserContext: uc, ClientType: &ct, ClientObservedServerSideSessionId: obs, Operation: op,
		})
		resp = r
		return err
	})
	if err != nil {
		return nil, err
	}
	return resp, s.observe(resp.GetServerSideSessionId())
}

// SetConf sets runtime (session) SQL configuration values. Static
// configuration cannot be changed and gives a *SparkError.
func (s *Session) SetConf(ctx context.Context, values map[string]string) error {
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	pairs := make([]*pb.KeyValue, 0, len(keys))
	for _, k := range keys {
		v := values[k]
		pairs = append(pairs, &pb.KeyValue{Key: k, Value: &v})
	}
	_, err := s.config(ctx, &pb.ConfigRequest_Operation{OpType: &pb.ConfigRequest_Operation_Set{
		Set: &pb.ConfigRequest_Set{Pairs: pairs}}})
	return err
}

// GetConf returns the value of a configuration key. A key that is neither set
// nor has a default gives a *SparkError (SQL_CONF_NOT_FOUND).
func (s *Session) GetConf(ctx context.Context, key string) (string, error) {
	resp, err := s.config(ctx, &pb.ConfigRequest_Operation{OpType: &pb.ConfigRequest_Operation_Get{
		Get: &pb.ConfigRequest_Get{Keys: []string{key}}}})
	if err != nil {
		return "", err
	}
	if len(resp.GetPairs()) != 1 {
		return "", fmt.Errorf("connect: the server answered %d values for configuration key %q", len(resp.GetPairs()), key)
	}
	return resp.GetPairs()[0].GetValue(), nil
}

// LookupConf returns the value of a configuration key and whether it has one.
func (s *Session) LookupConf(ctx context.Context, key string) (string, bool, error) {
	resp, err := s.config(ctx, &pb.ConfigRequest_Operation{OpType: &pb.ConfigRequest_Operation_GetOption{
		GetOption: &pb.ConfigRequest_GetOption{Keys: []string{key}}}})
	if err != nil {
		return "", false, err
	}
	if len(resp.GetPairs()) != 1 || resp.GetPairs()[0].Value == nil {
		return "", false, nil
	}
	return resp.GetPairs()[0].GetValue(), true, nil
}

// UnsetConf returns configuration keys to their defaults.
func (s *Session) UnsetConf(ctx context.Context, keys ...string) error {
	_, err := s.config(ctx, &pb.ConfigRequest_Operation{OpType: &pb.ConfigRequest_Operation_Unset{
		Unset: &pb.ConfigRequest_Unset{Keys: keys}}})
	return err
}

// AllConf returns every set configuration value whose key starts with prefix
// ("" for all).
func (s *Session) AllConf(ctx context.Context, prefix string) (map[string]string, error) {
	ga := &pb.ConfigRequest_GetAll{}
	if prefix != "" {
		ga.Prefix = &prefix
	}
	resp, err := s.config(ctx, &pb.ConfigRequest_Operation{OpType: &pb.ConfigRequest_Operation_GetAll{GetAll: ga}})
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(resp.GetPairs()))
	for _, kv := range resp.GetPairs() {
		// The server strips the prefix from the keys it returns.
		out[prefix+kv.GetKey()] = kv.GetValue()
	}
	return out, nil
}
