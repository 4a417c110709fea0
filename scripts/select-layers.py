#!/usr/bin/env python3
"""Makes a smaller T5 from some of a trained T5's layers, to warm-start a small model.

    scripts/select-layers.py --model DIR --out DIR --encoder-layers 0,3 --decoder-layers 0,5

The new model keeps the embeddings, the final layer norms and the listed
blocks, renumbered in order (DistilBART's "shrink, then fine-tune"). Block 0
holds T5's relative position bias, so it must be kept. The tensors' bytes are
copied unchanged; config.json gets the new layer counts; spiece.model is copied.
The output folder is written beside its final place and renamed at the end,
so an interrupted run leaves no half-written model.
"""
import argparse
import json
import os
import re
import shutil
import struct
import sys
import tempfile

BLOCK = re.compile(r"^(encoder|decoder)\.block\.(\d+)\.(.*)$")


def fail(message):
    sys.exit(f"select-layers.py: {message}")


def read_safetensors(path):
    with open(path, "rb") as f:
        size_bytes = f.read(8)
        if len(size_bytes) != 8:
            fail(f"{path} is not a safetensors file (shorter than its header size)")
        (header_size,) = struct.unpack("<Q", size_bytes)
        header = json.loads(f.read(header_size))
        data = f.read()
    metadata = header.pop("__metadata__", None)
    tensors = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        tensors[name] = (info["dtype"], info["shape"], data[begin:end])
    return tensors, metadata


def write_safetensors(path, tensors, metadata):
    header, offset = {}, 0
    if metadata:
        header["__metadata__"] = metadata
    for name, (dtype, shape, raw) in tensors.items():
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)  # the format aligns the data to 8 bytes
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for _, _, raw in tensors.values():
            f.write(raw)


def layer_list(text, available, side):
    try:
        layers = [int(x) for x in text.split(",")]
    except ValueError:
        fail(f"--{side}-layers '{text}' is not a comma-separated list of layer numbers")
    if not layers or layers[0] != 0:
        fail(f"--{side}-layers must start with 0: block 0 holds T5's relative position bias")
    if sorted(set(layers)) != layers or layers[-1] >= available:
        fail(f"--{side}-layers {text}: distinct, increasing numbers below {available} (the model's {side} layers)")
    return layers


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, help="a Hugging Face T5 folder")
    parser.add_argument("--out", required=True, help="the new model's folder (replaced if it exists)")
    parser.add_argument("--encoder-layers", required=True, help="encoder blocks to keep, e.g. 0,3")
    parser.add_argument("--decoder-layers", required=True, help="decoder blocks to keep, e.g. 0,5")
    args = parser.parse_args()

    with open(os.path.join(args.model, "config.json")) as f:
        config = json.load(f)
    if config.get("model_type") != "t5":
        fail(f"{args.model} is not a T5 model (model_type {config.get('model_type')!r})")
    encoder_total = config["num_layers"]
    decoder_total = config.get("num_decoder_layers", encoder_total)
    keep = {"encoder": layer_list(args.encoder_layers, encoder_total, "encoder"),
            "decoder": layer_list(args.decoder_layers, decoder_total, "decoder")}

    tensors, metadata = read_safetensors(os.path.join(args.model, "model.safetensors"))
    selected = {}
    for name, tensor in tensors.items():
        match = BLOCK.match(name)
        if not match:
            selected[name] = tensor
            continue
        side, block, rest = match.group(1), int(match.group(2)), match.group(3)
        if block in keep[side]:
            selected[f"{side}.block.{keep[side].index(block)}.{rest}"] = tensor
    config["num_layers"] = len(keep["encoder"])
    config["num_decoder_layers"] = len(keep["decoder"])

    out = os.path.abspath(args.out)
    staging = tempfile.mkdtemp(prefix=os.path.basename(out) + ".new.", dir=os.path.dirname(out))
    write_safetensors(os.path.join(staging, "model.safetensors"), dict(sorted(selected.items())), metadata)
    with open(os.path.join(staging, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
        f.write("\n")
    shutil.copy(os.path.join(args.model, "spiece.model"), staging)
    os.chmod(staging, 0o755)
    if os.path.exists(out):
        shutil.rmtree(out)
    os.rename(staging, out)
    print(f"{out}: encoder layers {args.encoder_layers} of {encoder_total}, "
          f"decoder layers {args.decoder_layers} of {decoder_total}, {len(selected)} tensors")


if __name__ == "__main__":
    main()
