package app

// Tests that claim something about processes: they build the binary and run it for real.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "scl-service-test")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "scl-service")
	build := exec.Command("go", "build", "-o", binary, "sidecar-lab.dev/services/cmd/scl-service")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building the service failed:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

type service struct {
	cmd    *exec.Cmd
	url    string
	stderr *bytes.Buffer
	exited chan error
}

// start runs the service with the start contract in env and waits for /health 200.
func start(t *testing.T, env map[string]string) *service {
	t.Helper()
	port := freePort(t)
	cmd := exec.Command(binary)
	cmd.Env = append(os.Environ(), "SCL_PUBLIC_PORT="+strconv.Itoa(port), "SCL_TEST_HOOKS=1")
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	s := &service{cmd: cmd, url: "http://127.0.0.1:" + strconv.Itoa(port), stderr: new(bytes.Buffer), exited: make(chan error, 1)}
	cmd.Stderr = s.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { s.exited <- cmd.Wait() }()
	t.Cleanup(func() { _ = cmd.Process.Kill(); <-s.exitedOnce() })
	waitFor(t, "/health 200", func() bool {
		resp, err := http.Get(s.url + "/health")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == 200
	})
	return s
}

// exitedOnce lets Cleanup wait for an exit a test may already have seen.
func (s *service) exitedOnce() <-chan error {
	done := make(chan error, 1)
	go func() {
		select {
		case err := <-s.exited:
			s.exited <- err
			done <- err
		case <-time.After(10 * time.Second):
			done <- nil
		}
	}()
	return done
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func do(t *testing.T, method, url, body string, header ...string) (int, http.Header, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, answer
}

func noneEnv(service, dataDir string) map[string]string {
	return map[string]string{"SCL_SERVICE": service, "SCL_MODE": "none", "SCL_INSTANCE_ID": service + "-1", "SCL_DATA_DIR": dataDir}
}

func TestACommittedPaymentSurvivesKill9(t *testing.T) {
	dataDir := t.TempDir()
	first := start(t, noneEnv("payment", dataDir))
	status, _, body := do(t, "POST", first.url+"/payments", `{"customerId":1,"amountCents":250,"currency":"EUR"}`, "Idempotency-Key", "kill-9")
	if status != 201 {
		t.Fatalf("capture: %d %s", status, body)
	}
	_ = first.cmd.Process.Signal(syscall.SIGKILL)
	<-first.exitedOnce()

	second := start(t, noneEnv("payment", dataDir))
	status, header, replay := do(t, "POST", second.url+"/payments", `{"customerId":1,"amountCents":250,"currency":"EUR"}`, "Idempotency-Key", "kill-9")
	if status != 201 || header.Get("Idempotent-Replayed") != "true" || !bytes.Equal(replay, body) {
		t.Fatalf("after kill -9 the key replays: %d %v %s", status, header, replay)
	}
	if status, _, _ := do(t, "GET", second.url+"/payments/1", ""); status != 200 {
		t.Fatalf("the payment is gone after kill -9: %d", status)
	}
}

func TestSIGTERMExitsZero(t *testing.T) {
	s := start(t, noneEnv("customers", t.TempDir()))
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.exitedOnce():
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v\n%s", err, s.stderr)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("still running 15 s after SIGTERM")
	}
}

func TestABadVariableExitsTwoNamingIt(t *testing.T) {
	cmd := exec.Command(binary)
	cmd.Env = append(os.Environ(), "SCL_SERVICE=customers", "SCL_MODE=mesh")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	exit, _ := err.(*exec.ExitError)
	if exit == nil || exit.ExitCode() != 2 || !strings.HasPrefix(stderr.String(), "SCL_ERR_BAD_FLAG: SCL_MODE") {
		t.Fatalf("err %v, stderr %q", err, stderr.String())
	}
}

func TestAnUnknownRouteIsAJSON404AndAnotherMethodA405WithAllow(t *testing.T) {
	s := start(t, noneEnv("customers", t.TempDir()))
	status, _, body := do(t, "GET", s.url+"/nothing", "")
	if status != 404 || !strings.Contains(string(body), `"code":"not_found"`) {
		t.Fatalf("%d %s", status, body)
	}
	status, header, body := do(t, "DELETE", s.url+"/customers", "")
	if status != 405 || header.Get("Allow") != "GET, HEAD, POST" || !strings.Contains(string(body), `"code":"method_not_allowed"`) {
		t.Fatalf("%d %q %s", status, header.Get("Allow"), body)
	}
}

func TestSidecarModeLogsJSONLinesAndReloadsTheConfigFile(t *testing.T) {
	dir := t.TempDir()
	logFile, configFile := filepath.Join(dir, "app.log"), filepath.Join(dir, "config.json")
	env := noneEnv("payment", filepath.Join(dir, "data"))
	env["SCL_MODE"], env["SCL_FEATURES"] = "sidecar", "logs,config"
	env["SCL_LOG_FILE"], env["SCL_CONFIG_FILE"] = logFile, configFile
	s := start(t, env)

	// the sidecar replaces the file by rename
	writeConfig := func(version int, maxAmount int) {
		tmp := configFile + ".tmp"
		_ = os.WriteFile(tmp, []byte(fmt.Sprintf(`{"version":%d,"config":{"logLevel":"info","maxAmountCents":%d}}`, version, maxAmount)), 0o644)
		if err := os.Rename(tmp, configFile); err != nil {
			t.Fatal(err)
		}
	}
	writeConfig(4, 100)
	waitFor(t, "config version 4 in use", func() bool {
		_, _, body := do(t, "GET", s.url+"/health", "")
		return strings.Contains(string(body), `"configVersion":4`)
	})
	if status, _, body := do(t, "POST", s.url+"/payments", `{"customerId":1,"amountCents":101,"currency":"EUR"}`); status != 400 {
		t.Fatalf("maxAmountCents 100 not in use: %d %s", status, body)
	}
	do(t, "POST", s.url+"/payments", `{"customerId":1,"amountCents":100,"currency":"EUR"}`, "X-Request-Id", "req-42")

	var records []map[string]any
	waitFor(t, "the payment.captured line", func() bool {
		records = readLines(t, logFile)
		for _, r := range records {
			if r["event"] == "payment.captured" {
				return true
			}
		}
		return false
	})
	for i, r := range records {
		for _, field := range []string{"time", "level", "msg", "event", "seq", "pid"} {
			if _, ok := r[field]; !ok {
				t.Fatalf("line %d lacks %s: %v", i, field, r)
			}
		}
		if r["seq"] != float64(i+1) {
			t.Fatalf("line %d has seq %v", i, r["seq"])
		}
		if ts := r["time"].(string); len(ts) != len("2026-11-28T02:22:26.123Z") || !strings.HasSuffix(ts, "Z") {
			t.Fatalf("time %q is not RFC 3339 UTC with milliseconds", ts)
		}
	}
	// SIGHUP after a rename rotation: new lines go to a new file at the path
	if err := os.Rename(logFile, logFile+".1"); err != nil {
		t.Fatal(err)
	}
	_ = s.cmd.Process.Signal(syscall.SIGHUP)
	waitFor(t, "a line in the new file", func() bool {
		do(t, "GET", s.url+"/payments/1", "")
		return len(readLines(t, logFile)) > 0
	})
}

func readLines(t *testing.T, path string) []map[string]any {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	var records []map[string]any
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		var r map[string]any
		if err := json.Unmarshal(scanner.Bytes(), &r); err != nil {
			t.Fatalf("a line is not JSON: %q", scanner.Text())
		}
		records = append(records, r)
	}
	return records
}
