"""Drives a Kernelbook kernel with Jupyter's own Python client (jupyter_client).

The tests (test/helpers/jupyter.ts) start this script and talk to it in JSON
lines: one command object per line on stdin, one answer object per line on
stdout. The kernel is started through its installed kernelspec with
KernelManager, exactly as JupyterLab or jupyter console start it; the
environment (JUPYTER_PATH etc.) says where the kernelspec is.
"""
import json
import sys
import traceback

import zmq
from jupyter_client.manager import KernelManager

TIMEOUT = 60

km = None
kc = None


def jsonable(value):
    return json.loads(json.dumps(value, default=str))


def collect(msg_id, until_idle=True, on_message=None):
    """IOPub messages answering msg_id, up to its idle status."""
    messages = []
    while True:
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        messages.append({"type": msg["msg_type"], "content": jsonable(msg["content"])})
        if on_message:
            on_message(msg)
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle" and until_idle:
            return messages


def shell_reply(msg_id):
    while True:
        msg = kc.get_shell_msg(timeout=TIMEOUT)
        if msg["parent_header"].get("msg_id") == msg_id:
            return {"type": msg["msg_type"], "content": jsonable(msg["content"])}


def start(cmd):
    global km, kc
    km = KernelManager(kernel_name=cmd.get("kernel", "kernelbook"))
    stderr = open(cmd["stderr"], "w") if cmd.get("stderr") else None
    km.start_kernel(stderr=stderr)
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=TIMEOUT)
    spec = km.kernel_spec
    return {"spec": {"argv": spec.argv, "display_name": spec.display_name, "language": spec.language, "interrupt_mode": spec.interrupt_mode}}


def request(cmd):
    """Any shell request by type and content, with its reply and IOPub messages."""
    msg = kc.session.msg(cmd["type"], content=cmd.get("content", {}), metadata=cmd.get("metadata", {}))
    kc.shell_channel.send(msg)
    msg_id = msg["header"]["msg_id"]
    iopub = collect(msg_id)
    # comm_open and its kin have no reply: their IOPub messages are all there is.
    reply = shell_reply(msg_id) if cmd.get("reply", True) else None
    return {"reply": reply, "iopub": iopub, "msg_id": msg_id}


def execute(cmd):
    content = {"code": cmd["code"], "silent": cmd.get("silent", False), "store_history": cmd.get("store_history", True),
               "user_expressions": cmd.get("user_expressions", {}), "allow_stdin": False, "stop_on_error": cmd.get("stop_on_error", True)}
    return request({"type": "execute_request", "content": content, "metadata": cmd.get("metadata", {})})


def execute_many(cmd):
    """Several execute_requests sent at once (they queue in the kernel), then every reply."""
    ids = []
    for code in cmd["codes"]:
        ids.append(kc.execute(code, stop_on_error=cmd.get("stop_on_error", True)))
    return {"replies": [shell_reply(i) for i in ids]}


def interrupt(cmd):
    """Runs code, interrupts it (KernelManager.interrupt_kernel) once its stdout shows `after`, and waits for the end."""
    msg_id = kc.execute(cmd["code"])
    state = {"sent": False}

    def on_message(msg):
        if not state["sent"] and msg["msg_type"] == "stream" and cmd["after"] in msg["content"]["text"]:
            km.interrupt_kernel()
            state["sent"] = True

    iopub = collect(msg_id, on_message=on_message)
    return {"reply": shell_reply(msg_id), "iopub": iopub, "interrupted": state["sent"]}


def restart(cmd):
    pid = km.provisioner.process.pid
    km.restart_kernel(now=False)
    kc.wait_for_ready(timeout=TIMEOUT)
    return {"old_pid": pid, "new_pid": km.provisioner.process.pid}


def shutdown(cmd):
    process = km.provisioner.process
    kc.stop_channels()
    km.shutdown_kernel(now=False)
    return {"alive": km.is_alive(), "returncode": process.returncode}


def forge(cmd):
    """Sends forged or replayed messages on a socket of its own, then a valid request on the same
    socket (so the kernel reads them in order), and reports which requests got replies."""
    ctx = zmq.Context.instance()
    sock = ctx.socket(zmq.DEALER)
    sock.linger = 0
    sock.connect("%s://%s:%d" % (km.transport, km.ip, km.shell_port))
    session = kc.session
    sent = []

    def execute_msg(code):
        return session.msg("execute_request", content={"code": code, "silent": False, "store_history": True,
                                                       "user_expressions": {}, "allow_stdin": False, "stop_on_error": False})

    for forged in cmd["forged"]:
        msg = execute_msg(forged["code"])
        frames = session.serialize(msg)
        # frames: [b"<IDS|MSG>", signature, header, parent_header, metadata, content]
        if forged["kind"] == "bad_signature":
            frames[1] = b"0" * len(frames[1])
        elif forged["kind"] == "unsigned":
            frames[1] = b""
        elif forged["kind"] == "tampered":
            frames[5] = json.dumps(dict(msg["content"], code=forged["tampered_code"])).encode()
        if forged["kind"] == "replay":
            sock.send_multipart(frames)
            sent.append(msg["header"]["msg_id"])
        sock.send_multipart(frames)
        sent.append(msg["header"]["msg_id"])
    check = execute_msg(cmd["check"])
    sock.send_multipart(session.serialize(check))
    replies = []
    while True:
        if not sock.poll(TIMEOUT * 1000):
            raise RuntimeError("no reply to the valid request")
        _, reply = session.feed_identities(sock.recv_multipart(), copy=True)
        reply = session.deserialize(reply)
        replies.append({"parent": reply["parent_header"]["msg_id"], "content": jsonable(reply["content"])})
        if reply["parent_header"]["msg_id"] == check["header"]["msg_id"]:
            break
    sock.close()
    return {"sent": sent, "check_id": check["header"]["msg_id"], "replies": replies}


OPS = {"start": start, "request": request, "execute": execute, "execute_many": execute_many, "interrupt": interrupt,
       "restart": restart, "shutdown": shutdown, "forge": forge}


def main():
    for line in sys.stdin:
        cmd = json.loads(line)
        try:
            answer = OPS[cmd["op"]](cmd)
        except Exception as error:  # the test reads the failure instead of hanging
            answer = {"error": "%s: %s" % (type(error).__name__, error), "trace": traceback.format_exc()}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()
    if km is not None and km.has_kernel:
        km.shutdown_kernel(now=True)


if __name__ == "__main__":
    main()
